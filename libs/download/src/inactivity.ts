import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/**
 * sock_read_timeout: fails when the peer sends nothing for `ms` while we are waiting for it. The clock
 * stops while the response is paused by backpressure (a slow client of the content app), so a slow
 * consumer is not mistaken for a silent server. Consumers must pipe the response for that to hold.
 */
export class Inactivity {
  private timer?: NodeJS.Timeout;
  private readonly arm = () => {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.onIdle, this.ms);
  };
  private readonly stop = () => clearTimeout(this.timer);

  constructor(
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {}

  /** From connection until the end of the response; reads on the socket do not change its flowing mode. */
  watchSocket(socket: Socket): () => void {
    this.arm();
    socket.on('data', this.arm);
    return () => {
      this.stop();
      socket.off('data', this.arm);
    };
  }

  watchResponse(response: IncomingMessage, unwatchSocket: () => void): void {
    response.on('pause', this.stop);
    response.on('resume', this.arm);
    response.once('close', unwatchSocket);
  }
}
