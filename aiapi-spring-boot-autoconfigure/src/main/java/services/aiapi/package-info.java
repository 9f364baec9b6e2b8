/**
 * Client API for the aiapi.services gateway: {@link services.aiapi.AiApiTemplate} and
 * {@link services.aiapi.ReactiveAiApiTemplate}.
 */
@NullMarked
package services.aiapi;

import org.jspecify.annotations.NullMarked;
