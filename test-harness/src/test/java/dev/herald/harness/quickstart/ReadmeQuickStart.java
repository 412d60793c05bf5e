package dev.herald.harness.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's "Quick start" section as the test runs it: its first {@code sh} block (one command a
 * line, comments dropped), the answer {@code events send} prints, and the lines the receiver prints.
 */
record ReadmeQuickStart(List<List<String>> commands, String eventsAnswer, List<String> receiverLines) {
    private static final Pattern BLOCK = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);

    static ReadmeQuickStart read(Path readme) throws IOException {
        String text = Files.readString(readme);
        int start = text.indexOf("\n## Quick start\n");
        if (start < 0) {
            throw new IllegalStateException(readme + " has no '## Quick start' section");
        }
        int end = text.indexOf("\n## ", start + 1);
        Matcher blocks = BLOCK.matcher(text.substring(start, end < 0 ? text.length() : end));
        List<String[]> found = new ArrayList<>();
        while (blocks.find()) {
            found.add(new String[] {blocks.group(1), blocks.group(2)});
        }
        List<List<String>> commands = new ArrayList<>();
        for (String line : block(found, "sh").split("\n")) {
            String command = line.replaceAll("\\s+#.*$", "").trim();
            if (!command.isEmpty()) {
                commands.add(List.of(command.split("\\s+")));
            }
        }
        String answer = block(found, "json").trim();
        List<String> printed = block(found, "").lines().filter(l -> !l.isBlank()).toList();
        return new ReadmeQuickStart(commands, answer, printed);
    }

    private static String block(List<String[]> blocks, String language) {
        return blocks.stream().filter(b -> b[0].equals(language)).findFirst().map(b -> b[1])
                .orElseThrow(() -> new IllegalStateException("the quick start has no ```" + language + " block"));
    }
}
