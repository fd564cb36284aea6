package io.attest.gateway.audit.export;

import io.attest.gateway.application.audit.port.in.ExportAuditBundleUseCase.ExportQuery;
import io.attest.gateway.audit.signing.AuditSigner;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;

/**
 * Run in a JVM of its own with a small heap: writes the account's whole bundle from the database and verifies it.
 * Exits 0 when both worked; an export that held its rows in memory dies of OutOfMemoryError instead.
 * Arguments: jdbc url, key file, bundle file.
 */
public final class ExportInBoundedHeap {

    private ExportInBoundedHeap() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(args[0], "postgres", "postgres")) {
            var db = DSL.using(connection, SQLDialect.POSTGRES);
            AuditSigner signer = AuditSigner.fromFile(Path.of(args[1]), false);
            Path bundle = Path.of(args[2]);
            var spec = new BundleWriter.Spec("exp_big", "acme", "officer", Instant.now(),
                    new ExportQuery(null, null, null, null), "P5Y");
            var written = new BundleWriter(db, signer, bundle.getParent().resolve("work")).write(spec, null, bundle,
                    done -> { });
            BundleVerifier.Result result = BundleVerifier.verify(bundle, signer.publicKey());
            Runtime runtime = Runtime.getRuntime();
            System.out.println("rows=" + written.rows() + " bytes=" + written.bytes() + " valid=" + result.valid()
                    + " problem=" + result.problem() + " maxHeapMiB=" + runtime.maxMemory() / (1024 * 1024));
            System.exit(result.valid() ? 0 : 3);
        }
    }
}
