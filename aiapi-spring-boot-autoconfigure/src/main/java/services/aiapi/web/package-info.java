/**
 * Web applications: the starter's exceptions as RFC 9457 problem details, for Spring MVC and WebFlux alike.
 */
@NullMarked
package services.aiapi.web;

import org.jspecify.annotations.NullMarked;
