package io.attest.gateway.infrastructure.adapter.in.console;

import io.attest.gateway.application.bulk.port.in.BulkSendUseCase;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** An uploaded CSV file's rows, read one at a time from disk; the file is deleted when they are closed. */
final class CsvFileRows implements BulkSendUseCase.RowSource {

    private final Path file;
    private final Reader reader;
    private final CsvRows rows;

    CsvFileRows(Path file) throws IOException {
        this.file = file;
        this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        this.rows = new CsvRows(reader);
    }

    @Override
    public List<String> next() throws IOException {
        return rows.next();
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
