package dev.gannet.model.client;

import dev.gannet.model.api.ApiError;

/** The management endpoint refused a call; {@link #error()} says why, as the broker sent it. */
public final class ApiException extends RuntimeException {

    private final ApiError error;
    private final String body;

    public ApiException(ApiError error) {
        this(error, null);
    }

    /** @param body the response body as the broker sent it, or null */
    public ApiException(ApiError error, String body) {
        super(error.status() + " " + error.message() + (error.field() == null ? "" : " (field " + error.field() + ")"));
        this.error = error;
        this.body = body;
    }

    /** The response body as the broker sent it; null when not known. */
    public String body() {
        return body;
    }

    public ApiError error() {
        return error;
    }

    public int status() {
        return error.status();
    }
}
