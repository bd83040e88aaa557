package dev.gannet.console.common;

import dev.gannet.model.client.ApiException;

import javax.net.ssl.SSLException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns what a call to the broker threw into one sentence for an operator. */
public final class ErrorMessages {

    private ErrorMessages() {
    }

    public static String of(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof ApiException api) {
            if (api.status() == 401) {
                return api.error().message().contains("wrong") ? "Wrong user name or password."
                        : "Your login has expired: log in again.";
            }
            return api.error().message();
        }
        if (e instanceof UncheckedIOException io) {
            Throwable cause = io.getCause();
            if (isTls(cause)) {
                return "The broker's certificate is not trusted, or it does not speak TLS there: " + rootMessage(cause);
            }
            if (cause instanceof ConnectException) {
                return "Cannot reach the broker: nothing answers at that address. Is it running, and is the port right?";
            }
            if (cause instanceof HttpTimeoutException) {
                return "The broker did not answer in time.";
            }
            return io.getMessage();
        }
        if (e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static boolean isTls(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
