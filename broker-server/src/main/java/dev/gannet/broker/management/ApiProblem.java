package dev.gannet.broker.management;

import dev.gannet.model.api.ApiError;
import dev.gannet.model.api.FieldProblem;

/** A refused request: thrown by a handler, answered with its status and an {@link ApiError} body. */
final class ApiProblem extends RuntimeException {

    private final transient ApiError error;

    private ApiProblem(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    ApiError error() {
        return error;
    }

    static ApiProblem badRequest(String field, String message) {
        return new ApiProblem(new ApiError(400, "bad-request", message, field));
    }

    static ApiProblem badRequest(FieldProblem problem) {
        return badRequest(problem.field(), problem.field() + ": " + problem.message());
    }

    static ApiProblem unauthorized(String message) {
        return new ApiProblem(new ApiError(401, "unauthorized", message, null));
    }

    static ApiProblem forbidden(String message) {
        return new ApiProblem(new ApiError(403, "forbidden", message, null));
    }

    static ApiProblem notFound(String message) {
        return new ApiProblem(new ApiError(404, "not-found", message, null));
    }

    static ApiProblem notAcceptable(String message) {
        return new ApiProblem(new ApiError(406, "not-acceptable", message, null));
    }

    static ApiProblem conflict(String field, String message) {
        return new ApiProblem(new ApiError(409, "conflict", message, field));
    }
}
