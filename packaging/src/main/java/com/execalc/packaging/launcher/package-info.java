/**
 * What runs inside a packaged function before the runtime interface client: alone in its jar, depends on nothing
 * but the JDK and the client. Must never stop the function from serving.
 */
package com.execalc.packaging.launcher;
