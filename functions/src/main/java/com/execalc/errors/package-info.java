/**
 * What can go wrong, by code: every failure the functions raise is an {@link com.execalc.errors.ExecalcException}
 * carrying an {@link com.execalc.errors.ErrorCode}, and whoever answers a failure (the HTTP adapters in {@code api})
 * decides by that code alone.
 *
 * <p>Invariants of this package:
 * <ul>
 *   <li>Every exception type of the functions extends {@link com.execalc.errors.ExecalcException} (an architecture
 *       test scans them); a failure of any other type (the SDK's, the JDK's) is {@link
 *       com.execalc.errors.ErrorCode#INTERNAL}, so a new failure mode cannot silently become some other answer.</li>
 *   <li>Each code has one stable wire code, documented in {@code openapi.yaml} (tested), and one
 *       {@link com.execalc.errors.ErrorCode.Kind}: what kind of failure it is, not how a transport says it.</li>
 *   <li>No HTTP here: a kind such as {@code NOT_FOUND} names the failure, and only {@code api} turns a kind into a
 *       status number. That is what lets the tenancy kernel, which knows no HTTP, raise coded failures: it depends on
 *       this package and the JDK only, and this package on the JDK only.</li>
 *   <li>A code either lets its exception's message reach the caller (the message then never holds a token, payload
 *       data or another tenant's name) or replaces it with a fixed one: the isolation and internal failures, whose
 *       details stay in the logs.</li>
 * </ul>
 */
package com.execalc.errors;
