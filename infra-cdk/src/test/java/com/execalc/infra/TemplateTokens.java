package com.execalc.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;

/**
 * Turns the CloudFormation intrinsics of a synthesized policy into the concrete strings one imagined deployment (account
 * {@value #ACCOUNT}, region {@value #REGION}) would have: {@code Ref} of pseudo parameters and resources,
 * {@code Fn::GetAtt} of ARNs and {@code Fn::Join}. Physical names are the logical ids. Anything else is an error, so
 * that a test never evaluates a policy it only half understood.
 */
final class TemplateTokens {

    static final String REGION = "eu-west-1";
    static final String ACCOUNT = "123456789012";

    private final JsonNode resources;

    TemplateTokens(JsonNode template) {
        this.resources = template.path("Resources");
    }

    /** The ARN of a table, role, log group, queue, key or bucket of the template. */
    String arn(String logicalId) {
        return switch (type(logicalId)) {
            case "AWS::DynamoDB::Table" -> "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + logicalId;
            case "AWS::IAM::Role" -> "arn:aws:iam::" + ACCOUNT + ":role/" + logicalId;
            case "AWS::Logs::LogGroup" -> "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + logicalId + ":*";
            case "AWS::SQS::Queue" -> "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + logicalId;
            case "AWS::KMS::Key" -> "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + logicalId;
            case "AWS::S3::Bucket" -> "arn:aws:s3:::" + logicalId;
            default -> throw new IllegalArgumentException("No example ARN for " + logicalId);
        };
    }

    /** A session of a role of the template, as the principal of a request. */
    String session(String roleLogicalId, String sessionName) {
        if (!type(roleLogicalId).equals("AWS::IAM::Role")) {
            throw new IllegalArgumentException(roleLogicalId + " is not a role");
        }
        return "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + roleLogicalId + "/" + sessionName;
    }

    private String type(String logicalId) {
        JsonNode resource = resources.path(logicalId);
        if (resource.isMissingNode()) {
            throw new IllegalArgumentException("No resource " + logicalId + " in the template");
        }
        return resource.path("Type").asText();
    }

    JsonNode resolve(JsonNode node) {
        if (node.isObject() && node.size() == 1) {
            String key = node.fieldNames().next();
            JsonNode value = node.get(key);
            switch (key) {
                case "Ref" -> {
                    return TextNode.valueOf(ref(value.asText()));
                }
                case "Fn::GetAtt" -> {
                    String attribute = value.get(1).asText();
                    String arn = arn(value.get(0).asText());
                    return switch (attribute) {
                        case "Arn" -> TextNode.valueOf(arn);
                        case "StreamArn" -> TextNode.valueOf(arn + "/stream/2026-11-27T00:00:00.000");
                        default -> throw new IllegalArgumentException("Unsupported attribute " + value);
                    };
                }
                case "Fn::Join" -> {
                    StringBuilder joined = new StringBuilder();
                    Iterator<JsonNode> parts = value.get(1).elements();
                    while (parts.hasNext()) {
                        joined.append(resolve(parts.next()).asText());
                        if (parts.hasNext()) {
                            joined.append(value.get(0).asText());
                        }
                    }
                    return TextNode.valueOf(joined.toString());
                }
                default -> {
                    if (key.startsWith("Fn::")) {
                        throw new IllegalArgumentException("Unsupported intrinsic " + node);
                    }
                }
            }
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), resolve(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(resolve(element)));
            return copy;
        }
        return node;
    }

    private String ref(String name) {
        return switch (name) {
            case "AWS::Partition" -> "aws";
            case "AWS::Region" -> REGION;
            case "AWS::AccountId" -> ACCOUNT;
            case "AWS::StackName" -> ExecalcApp.STACK_NAME;
            default -> {
                type(name); // a resource of the template: its physical name or id is its logical id here
                yield name;
            }
        };
    }
}
