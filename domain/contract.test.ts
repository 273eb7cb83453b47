import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { zId, zIdParams, zPageQuery } from './common.js';
import { defineEndpoint, endpointPath, pathParamNames, type EndpointBody, type EndpointInput, type EndpointQuery, type EndpointResponse } from './contract.js';

const zThing = z.object({ id: z.number(), name: z.string() });

describe('endpoint contracts', () => {
  it('names the params of a path', () => {
    expect(pathParamNames('/items/:id/comments/:commentId/attachments')).toEqual(['id', 'commentId']);
    expect(pathParamNames('/board')).toEqual([]);
  });

  it('refuses a path whose params differ from the params schema', () => {
    expect(() => defineEndpoint({ method: 'GET', path: '/things/:id', response: zThing })).toThrow(/path parameters \[id\]/);
    expect(() => defineEndpoint({ method: 'GET', path: '/things', params: zIdParams, response: zThing })).toThrow(/params schema \[id\]/);
    expect(() => defineEndpoint({ method: 'GET', path: '/things/:thingId/parts/:id', params: z.strictObject({ id: zId, thingId: zId }), response: zThing })).not.toThrow();
  });

  it('refuses a multipart upload that also declares a JSON body', () => {
    expect(() => defineEndpoint({ method: 'POST', path: '/things', body: zThing, multipart: true, response: zThing })).toThrow(/multipart/);
  });

  it('refuses (at compile time) a response schema whose input and output differ', () => {
    // The server does not parse its answers, so a default would never be filled in.
    // @ts-expect-error a defaulted field makes the response never
    const e = defineEndpoint({ method: 'GET', path: '/things', response: z.object({ name: z.string().default('') }) });
    expect(e.path).toBe('/things');
  });

  it('fills and encodes path params, and names a missing one', () => {
    expect(endpointPath('/dictionaries/:type/:id', { type: 'item_domain', id: 7 })).toBe('/dictionaries/item_domain/7');
    expect(endpointPath('/things/:name', { name: 'a/b c' })).toBe('/things/a%2Fb%20c');
    expect(() => endpointPath('/things/:id', {})).toThrow(/missing path parameter id/);
  });

  it('types the input a caller sends and the answer it gets', () => {
    const rename = defineEndpoint({
      method: 'PATCH',
      path: '/things/:id',
      params: zIdParams,
      query: z.strictObject({ ...zPageQuery, q: z.string().optional() }),
      body: z.strictObject({ name: z.string(), note: z.string().default('') }),
      response: zThing,
    });
    expect(endpointPath(rename.path, { id: 3 })).toBe('/things/3');
    type In = EndpointInput<typeof rename>;
    // A coerced id is sent as the number it is parsed into; defaults make fields optional to send.
    expectTypeOf<In['params']>().toEqualTypeOf<{ id: number }>();
    expectTypeOf<In['body']>().toEqualTypeOf<{ name: string; note?: string | undefined }>();
    expectTypeOf<NonNullable<In['query']>['limit']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<EndpointBody<typeof rename>>().toEqualTypeOf<In['body']>();
    expectTypeOf<EndpointQuery<typeof rename>['q']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<EndpointResponse<typeof rename>>().toEqualTypeOf<{ id: number; name: string }>();

    const upload = defineEndpoint({ method: 'POST', path: '/things/:id/files', params: zIdParams, multipart: true, response: zThing });
    expect(upload.multipart).toBe(true);
    expectTypeOf<EndpointInput<typeof upload>['form']>().toEqualTypeOf<FormData>();
  });
});
