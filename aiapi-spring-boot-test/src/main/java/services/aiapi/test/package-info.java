/**
 * An in-process simulator of the aiapi.services gateway, with JUnit 5 and Spring test support.
 */
package services.aiapi.test;
