package io.attest.gateway.infrastructure.adapter.in.rest;

import io.attest.gateway.infrastructure.config.ReadModelOperations;
import io.attest.gateway.infrastructure.config.ReadModelOperations.ReadModelStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The platform operator's commands ({@code operations} scope): read-model status and rebuild by replay. */
@RestController
class OperationsController {

    private final ReadModelOperations readModels;

    OperationsController(ReadModelOperations readModels) {
        this.readModels = readModels;
    }

    @GetMapping("/v1/operations/read-models")
    ReadModels list() {
        return new ReadModels(readModels.statuses());
    }

    @GetMapping("/v1/operations/read-models/{name}")
    ReadModelStatus get(@PathVariable("name") String name) {
        return readModels.status(name);
    }

    /** Empties the read model and replays every event into it; poll its status until upToDate. */
    @PostMapping("/v1/operations/read-models/{name}/rebuild")
    ResponseEntity<ReadModelStatus> rebuild(@PathVariable("name") String name) {
        return ResponseEntity.accepted().body(readModels.rebuild(name));
    }

    record ReadModels(List<ReadModelStatus> readModels) {
    }
}
