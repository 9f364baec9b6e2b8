/**
 * Anthropic's Messages API ({@code POST /v1/messages}): requests, responses, streamed events and their
 * accumulator.
 */
@NullMarked
package services.aiapi.model.messages;

import org.jspecify.annotations.NullMarked;
