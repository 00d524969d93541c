import type { components, paths } from './generated/seller-api';

/** Every Ozon Seller API path the connector uses; all are `POST` with a JSON body. */
export type OzonPath = keyof paths;
type Operation<P extends OzonPath> = paths[P]['post'];
type JsonOf<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON body Ozon's document defines for a path (an empty object where it defines none). */
export type OzonRequest<P extends OzonPath> =
  Operation<P> extends { requestBody: infer R } ? JsonOf<NonNullable<R>> : Record<string, never>;

/** The JSON body of a 200 answer (an empty object where the document defines none). */
export type OzonResponse<P extends OzonPath> =
  Operation<P> extends { responses: { 200: infer R } }
    ? [JsonOf<R>] extends [never]
      ? Record<string, never>
      : JsonOf<R>
    : Record<string, never>;

export type OzonSchemas = components['schemas'];
export type OzonPosting = OzonSchemas['v3FbsPosting'];
export type OzonPostingDetail = OzonSchemas['v3FbsPostingDetail'];
export type OzonConditionalCancellation = OzonSchemas['GetConditionalCancellationListV2ResponseResult'];
export type OzonRfbsReturnSummary = OzonSchemas['ReturnsRfbsListResponseReturns'];
export type OzonRfbsReturn = OzonSchemas['ReturnsRfbsGetResponseReturns'];
export type OzonChatMessage = OzonSchemas['v3ChatMessage'];
/** Ozon's error body (`rpcStatus`). */
export type OzonErrorBody = OzonSchemas['rpcStatus'];

/** A seller's Ozon credentials: the pair of headers Ozon authenticates every call with. */
export interface OzonCredentials {
  clientId: string;
  apiKey: string;
}
