/**
 * OpenAI's Responses API ({@code POST /v1/responses}): requests, responses, streamed events and their
 * accumulator.
 */
@NullMarked
package services.aiapi.model.responses;

import org.jspecify.annotations.NullMarked;
