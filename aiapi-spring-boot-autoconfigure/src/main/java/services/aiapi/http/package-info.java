/**
 * WebClient plumbing: the one response reader, authentication and error-translation filters, the connection
 * pool, the SSE decoder and the kinds of call.
 */
@NullMarked
package services.aiapi.http;

import org.jspecify.annotations.NullMarked;
