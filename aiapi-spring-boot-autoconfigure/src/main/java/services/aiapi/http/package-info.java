/**
 * WebClient plumbing: authentication and error-translation filters, the connection pool and the SSE decoder.
 */
package services.aiapi.http;
