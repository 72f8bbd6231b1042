#!/usr/bin/env node
import 'reflect-metadata';
import { createContentApplication } from '@pulp/content';
import { serveHttp } from './serve-http';

serveHttp('pulpcore-content', 'content', 24816, createContentApplication);
