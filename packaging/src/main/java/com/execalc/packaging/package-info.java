/**
 * The provided.al2023 packages of the five functions, and what builds and tests them: never deployed itself.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Each zip ({@code functions/target/lambda/<name>.zip}) holds {@code bootstrap}, a jlink image of the build
 *       machine's JDK 25 ({@code runtime/}), the one functions jar and the runtime interface client
 *       ({@code jars/}), an AOT cache ({@code aot/function.aot}) and {@link com.execalc.packaging.PackageManifest}.
 *       The architecture and the JDK build are the build machine's; the manifest names both.</li>
 *   <li>An AOT cache is only ever written by a training run of the same runtime image and jars, on the sample events,
 *       and a zip is only written after an {@code -XX:AOTMode=on} start proved that cache maps.</li>
 *   <li>The packaged function never refuses to serve because of its cache: {@code bootstrap} uses it with
 *       {@code -XX:AOTMode=auto} and the launcher logs one line when the JVM runs without it.</li>
 *   <li>Function processes started here get no environment of the build but {@code PATH}: only Lambda's reserved
 *       variables, pointed at a {@link com.execalc.packaging.RuntimeApiStandIn} on 127.0.0.1, and the function's
 *       own variables as the local stack gives them. Every AWS call stays on the loopback.</li>
 * </ul>
 */
package com.execalc.packaging;
