package dev.gannet.model.client;

import dev.gannet.model.api.ApiError;

/** The management endpoint refused a call; {@link #error()} says why, as the broker sent it. */
public final class ApiException extends RuntimeException {

    private final ApiError error;

    public ApiException(ApiError error) {
        super(error.status() + " " + error.message() + (error.field() == null ? "" : " (field " + error.field() + ")"));
        this.error = error;
    }

    public ApiError error() {
        return error;
    }

    public int status() {
        return error.status();
    }
}
