/**
 * How a function is put together: its settings and its AWS clients.
 *
 * <p>Invariants of this package:
 * <ul>
 *   <li>The functions' environment variables are the constants of {@link com.execalc.wiring.Setting}, with their
 *       meanings and defaults; {@link com.execalc.wiring.Configuration} is the only class that reads the environment
 *       (an architecture test), and the CDK app, the local stack and the benchmarks name the variables by these
 *       constants (a test searches every module's sources). The identity settings also have one option name each
 *       ({@link com.execalc.wiring.Setting#option()}), the CDK context key and the {@code ./execalc up} flag alike;
 *       a malformed one fails the authorizer's initialisation, the synthesis or the local stack's start.</li>
 *   <li>A function builds one {@link com.execalc.wiring.AwsClients} at initialisation: one HTTP client for all its
 *       SDK clients, and the same bounded retries and timeouts on every one of them, STS and CloudWatch Logs
 *       included, so that no call can hang a request until Lambda's timeout.</li>
 *   <li>Nothing here holds per-request state: clients are shared by every request of the function instance, and the
 *       tenant of a request reaches DynamoDB only through its execution context ({@code access}).</li>
 * </ul>
 */
package com.execalc.wiring;
