package services.aiapi.http;

import tools.jackson.databind.JsonNode;

/**
 * The answer of a task route as a JSON tree, its envelope checked: a refusal inside a 200 ({@code code} other than
 * success, a Midjourney code other than submitted/queued) fails typed as the reader reads it, like any error.
 *
 * @param tree the answer
 */
public record TaskBody(JsonNode tree) {
}
