/**
 * Client API for the aiapi.services gateway: {@link services.aiapi.AiApiTemplate} and
 * {@link services.aiapi.ReactiveAiApiTemplate}.
 */
package services.aiapi;
