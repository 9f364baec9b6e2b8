/**
 * Request and response records of the gateway's OpenAI-compatible routes.
 */
package services.aiapi.model;
