export * from './ozon-types';
export * from './ozon-api.error';
export * from './ozon-client';
export * from './rate-limiter';
export * from './openapi-validator';
export * from './credentials-cipher';
export * from './ozon-returns';
