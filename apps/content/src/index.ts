export { createContentApplication } from './content-application';
