/**
 * Spring AI on the aiapi.services starter: {@link services.aiapi.springai.AiApiChatModel} and
 * {@link services.aiapi.springai.AiApiEmbeddingModel}, auto-configured.
 */
@NullMarked
package services.aiapi.springai;

import org.jspecify.annotations.NullMarked;
