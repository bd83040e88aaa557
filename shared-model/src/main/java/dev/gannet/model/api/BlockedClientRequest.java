package dev.gannet.model.api;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A block to add ({@code POST /api/blocked-clients}). */
public record BlockedClientRequest(BlockType blockType, String pattern, BlockType regexTarget, String description,
                                   Long expiresAt) {

    /** What is wrong with this request; empty when it can be stored. */
    public List<FieldProblem> problems() {
        List<FieldProblem> problems = new ArrayList<>();
        if (blockType == null) {
            problems.add(new FieldProblem("blockType", "one of CLIENT_ID, USERNAME, IP_ADDRESS, REGEX is required"));
        }
        if (pattern == null || pattern.isEmpty()) {
            problems.add(new FieldProblem("pattern", "the value (or regular expression) to block is required"));
        } else if (pattern.length() > 1024) {
            problems.add(new FieldProblem("pattern", "at most 1024 characters"));
        }
        if (blockType == BlockType.REGEX) {
            if (regexTarget == null || regexTarget == BlockType.REGEX) {
                problems.add(new FieldProblem("regexTarget", "a REGEX block matches CLIENT_ID, USERNAME or IP_ADDRESS"));
            }
            if (pattern != null && !pattern.isEmpty()) {
                try {
                    Pattern.compile(pattern);
                } catch (PatternSyntaxException e) {
                    problems.add(new FieldProblem("pattern", "not a valid regular expression: " + e.getDescription()));
                }
            }
        } else if (blockType != null && regexTarget != null) {
            problems.add(new FieldProblem("regexTarget", "only a REGEX block has a target"));
        }
        if (description != null && description.length() > 1024) {
            problems.add(new FieldProblem("description", "at most 1024 characters"));
        }
        return problems;
    }
}
