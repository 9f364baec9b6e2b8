/**
 * One typed API for the gateway's async task families — OpenAI's {@code /v1/videos}, new-api's generic
 * {@code /v1/video/generations}, Kling, Suno and Midjourney: their submit requests, one {@link
 * services.aiapi.model.tasks.TaskHandle} that can be stored and resumed by another process, and one
 * {@link services.aiapi.model.tasks.Task} snapshot mapped from each family's envelope and status words.
 */
@NullMarked
package services.aiapi.model.tasks;

import org.jspecify.annotations.NullMarked;
