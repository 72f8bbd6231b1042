export { createDownloader, Downloader, type DownloadTarget, type StreamingDownload } from './downloader';
export type { DownloaderConfig, DownloaderOptions } from './downloader-config';
export { DownloadError, redactUrl, type DownloadFailure } from './download-error';
export type { ExpectedFile } from './verify';
