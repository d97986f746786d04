/**
 * The Java client of the Execalc Cloud API, generated from the repository's {@code openapi.yaml} when this module is
 * built (into {@code client/target}; nothing generated is committed or edited by hand). {@code ApiClient} holds the
 * base URI and a request interceptor (where a caller adds {@code Authorization: Bearer <token>}); one class per tag in
 * {@code com.execalc.client.api}, one method per operation, named by its {@code operationId}; the schemas in
 * {@code com.execalc.client.model}. A status that is not 2xx is an {@code ApiException} carrying the status, the
 * headers and the body, which parses to that status's error model.
 */
package com.execalc.client;
