package com.execalc.controlplane;

import com.execalc.tenancy.AuditShards;
import com.execalc.tenancy.InvalidInputException;

/**
 * Thrown when an operator asks for fewer audit shards than a tenant has (400): the shards above the new count would
 * still hold events that no query would read any more. Nothing is changed.
 */
public final class AuditShardsDecreaseException extends InvalidInputException {

    public AuditShardsDecreaseException(AuditShards current, AuditShards requested) {
        super("auditShards can only grow: the tenant has " + current.count() + ", so " + requested.count()
                + " would hide the events in its other shards.");
    }
}
