#!/usr/bin/env node
import 'reflect-metadata';
import { createApiApplication } from '@pulp/api';
import { serveHttp } from './serve-http';

serveHttp('pulpcore-api', 'api', 24817, createApiApplication);
