/**
 * Images ({@code POST /v1/images/generations}): requests and answers.
 */
@NullMarked
package services.aiapi.model.images;

import org.jspecify.annotations.NullMarked;
