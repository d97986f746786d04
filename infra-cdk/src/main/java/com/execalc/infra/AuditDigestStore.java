package com.execalc.infra;

import com.execalc.governance.PolicyModel;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyDocumentProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.CfnKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.kms.KeySpec;
import software.amazon.awscdk.services.kms.KeyUsage;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.ObjectLockRetention;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * Where signed audit digests come from and where they are kept, out of reach of every principal but the digester:
 * <ul>
 *   <li>the signing key: an asymmetric KMS key ({@code ECC_NIST_P256}, {@code SIGN_VERIFY}; the functions'
 *       {@code SHA256withECDSA}). Its policy lets the account administer it but not sign with it, lets only the
 *       digester's role sign, and denies {@code kms:Sign} to every other principal outright, so no IAM policy
 *       granted later can add a signer;</li>
 *   <li>the archive: an S3 bucket with Object Lock in compliance mode, whose default retention is the longest audit
 *       retention a tenant's policy may ask ({@value #RETENTION_DAYS} days), versioned, SSL only, no public access,
 *       owner-enforced, kept when the stack is deleted. One prefix per tenant ({@code <tenant>/shard-<k>/...}). Its
 *       policy denies object writes to every principal but the digester's role, and denies to everyone deleting an
 *       object or a version, changing an object's retention or legal hold, bypassing retention, and changing the
 *       bucket's lock configuration, lifecycle or versioning.</li>
 * </ul>
 * The digester's own grants (sign; put, get and list objects; no delete) are made where its function is
 * ({@link ExecalcFunctions}). Tenants never read the bucket: the digester also serves each digest and the public key in
 * the tenant's own audit partitions, which {@code GET /audit/digests} and {@code GET /audit/signing-key} read with the
 * request's own tenant credentials, as in the local stack.
 */
public final class AuditDigestStore extends Construct {

    /** The bucket's default retention: the longest audit retention a tenant's policy may ask, 100 years. */
    public static final int RETENTION_DAYS = PolicyModel.MAX_RETENTION_DAYS;

    /** What the account may do with the key: administer it, never sign or verify with it. */
    static final List<String> KEY_ADMINISTRATION = List.of("kms:Create*", "kms:Describe*", "kms:Enable*",
            "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*",
            "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion");

    /** What nobody may do to the archive, the digester included. */
    static final List<String> NEVER_ON_OBJECTS = List.of("s3:DeleteObject", "s3:DeleteObjectVersion",
            "s3:PutObjectRetention", "s3:PutObjectLegalHold", "s3:BypassGovernanceRetention");
    static final List<String> NEVER_ON_BUCKET = List.of("s3:PutBucketObjectLockConfiguration",
            "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning");

    private final Key signingKey;
    private final Bucket archive;

    public AuditDigestStore(Construct scope, String id, FunctionRoles roles) {
        super(scope, id);
        Role digester = roles.auditDigester();
        String digesterArn = digester.getRoleArn();

        signingKey = Key.Builder.create(this, "SigningKey")
                .description("Signs the tenants' audit digests (ECDSA P-256, SHA-256); only the audit digester signs")
                .keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsage.SIGN_VERIFY)
                .removalPolicy(RemovalPolicy.RETAIN)
                .policy(new PolicyDocument(PolicyDocumentProps.builder().statements(List.of(
                        PolicyStatement.Builder.create().sid("AccountAdministersButNeverSigns")
                                .principals(List.of(new AccountRootPrincipal()))
                                .actions(KEY_ADMINISTRATION).resources(List.of("*")).build(),
                        PolicyStatement.Builder.create().sid("TheDigesterSigns")
                                .principals(List.of(new ArnPrincipal(digesterArn)))
                                .actions(List.of("kms:Sign", "kms:GetPublicKey", "kms:DescribeKey"))
                                .resources(List.of("*")).build(),
                        PolicyStatement.Builder.create().sid("NobodyElseSigns").effect(Effect.DENY)
                                .principals(List.of(new AnyPrincipal()))
                                .actions(List.of("kms:Sign"))
                                .resources(List.of("*"))
                                .conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", digesterArn)))
                                .build())).build()))
                .build();
        ((CfnKey) signingKey.getNode().getDefaultChild()).overrideLogicalId("AuditDigestSigningKey");

        archive = Bucket.Builder.create(this, "Archive")
                .objectLockEnabled(true)
                .objectLockDefaultRetention(ObjectLockRetention.compliance(Duration.days(RETENTION_DAYS)))
                .versioned(true)
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        ((CfnBucket) archive.getNode().getDefaultChild()).overrideLogicalId("AuditDigestArchive");
        archive.addToResourcePolicy(PolicyStatement.Builder.create().sid("OnlyTheDigesterWritesDigests")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("s3:PutObject"))
                .resources(List.of(archive.arnForObjects("*")))
                .conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", digesterArn)))
                .build());
        archive.addToResourcePolicy(PolicyStatement.Builder.create().sid("NoDigestIsEverRemovedOrUnlocked")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(NEVER_ON_OBJECTS)
                .resources(List.of(archive.arnForObjects("*")))
                .build());
        archive.addToResourcePolicy(PolicyStatement.Builder.create().sid("TheLockIsNeverLoosened")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(NEVER_ON_BUCKET)
                .resources(List.of(archive.getBucketArn()))
                .build());
    }

    /** The key the digester signs with. */
    public Key signingKey() {
        return signingKey;
    }

    /** The locked bucket the digester archives in. */
    public Bucket archive() {
        return archive;
    }
}
