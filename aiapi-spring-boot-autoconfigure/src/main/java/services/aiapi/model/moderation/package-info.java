/**
 * Moderation ({@code POST /v1/moderations}) and rerank ({@code POST /v1/rerank}): requests and answers.
 */
@NullMarked
package services.aiapi.model.moderation;

import org.jspecify.annotations.NullMarked;
