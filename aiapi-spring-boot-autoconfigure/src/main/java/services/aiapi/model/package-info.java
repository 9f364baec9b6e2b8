/**
 * Request and response records of the gateway's OpenAI-compatible routes.
 */
@NullMarked
package services.aiapi.model;

import org.jspecify.annotations.NullMarked;
