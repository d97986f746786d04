package com.execalc.local.emulator;

import java.net.URI;

/**
 * A running AWS emulator as the suite reaches it.
 *
 * @param name      for messages, e.g. {@code Floci}
 * @param endpoint  the one endpoint of every emulated service
 * @param region    the region it emulates
 * @param accessKey the access key of the account's administrator (the emulator's root)
 * @param secretKey its secret key
 */
record Emulator(String name, URI endpoint, String region, String accessKey, String secretKey) {
}
