package dev.gannet.model.api;

/**
 * The body of every error response.
 *
 * @param status  the HTTP status (400, 401, 403, 404, 409...)
 * @param error   a short word for it ("bad-request", "unauthorized", "not-found", "conflict")
 * @param message what went wrong, for a person
 * @param field   for 400: the request field (or query parameter) that is wrong; otherwise null
 */
public record ApiError(int status, String error, String message, String field) {
}
