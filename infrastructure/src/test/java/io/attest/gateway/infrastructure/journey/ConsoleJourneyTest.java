package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.support.GatewayClient.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser (headless Chromium, Debian's chromium and chromium-driver, which the test command
 * installs when missing): sign-in at the identity provider with authorization code and PKCE, the message search, a
 * message's delivery timeline, roles, accounts kept apart, sign-out. Each page's screenshot is kept in
 * target/console-screenshots (docs/console.md shows them).
 */
class ConsoleJourneyTest extends GatewayTestBase {

    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String RECIPIENT = "+15557661201";

    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void browser() {
        File driver = new File("/usr/bin/chromedriver");
        assertThat(driver.canExecute()).as("chromedriver (Debian's chromium-driver; ./attest test installs it)").isTrue();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--disable-gpu", "--no-first-run", "--disable-extensions", "--lang=en-US");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort()
                .build(), options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private String console(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void signIn(String username, String password) {
        wait.until(ExpectedConditions.titleContains("Sign in"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @org.junit.jupiter.api.io.TempDir
    Path scratch; // the files a test uploads or downloads, deleted after it

    @Test
    void anAccountUserSignsInFindsAMessageAndReadsItsTimeline() throws IOException {
        String acme = acmeToken();
        consentToAcmeCodes(RECIPIENT);
        Response sent = client.sendMessage(acme, ACME_SENDER, RECIPIENT, "Your code is 271828");
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        String id = sent.json().get("id").asString();
        awaitStatus(acme, id, "delivered");

        browser.get(console("/console/messages"));
        wait.until(ExpectedConditions.titleContains("Sign in"));
        // the sign-in went through the identity provider's authorization endpoint with a PKCE challenge
        screenshot("sign-in");
        signIn("acme-user", "acme-user-password");

        wait.until(ExpectedConditions.titleContains("Messages"));
        assertThat(browser.findElement(By.cssSelector("header .who")).getText()).contains("acme-user", "acme");

        // the dashboard: the last 24 hours, with this message among the delivered ones
        browser.get(console("/console"));
        wait.until(ExpectedConditions.titleContains("Home"));
        assertThat(browser.findElements(By.cssSelector("svg.chart rect.delivered"))).isNotEmpty();
        assertThat(browser.findElement(By.cssSelector(".figures")).getText()).contains("delivered", "receipts in");
        screenshot("dashboard");
        clickAndAwaitNextPage(browser.findElement(By.linkText("Messages")));
        wait.until(ExpectedConditions.titleContains("Messages"));
        browser.findElement(By.id("to")).sendKeys(RECIPIENT);
        browser.findElement(By.cssSelector("form.search button[type=submit]")).click();
        WebElement link = wait.until(ExpectedConditions.elementToBeClickable(By.linkText(id)));
        assertThat(browser.findElement(By.cssSelector("table.results tbody")).getText()).contains(RECIPIENT, "delivered");
        screenshot("messages");

        clickAndAwaitNextPage(link);
        wait.until(ExpectedConditions.titleContains("Message"));
        String timeline = browser.findElement(By.cssSelector("ol.timeline")).getText();
        assertThat(timeline).contains("MessageAccepted", "estimated", "MessageCleared", "allowed after",
                "MessageSubmitted", "charged", "MessageDelivered");
        assertThat(browser.findElement(By.cssSelector("dl.facts")).getText()).contains("delivered", RECIPIENT);
        screenshot("message");

        // what it cost: the report of this month by carrier, with the spend counted today
        browser.get(console("/console/costs?groupBy=carrier"));
        wait.until(ExpectedConditions.titleContains("Costs"));
        assertThat(browser.findElement(By.cssSelector("table.cost-report")).getText()).contains("Total", "USD");
        assertThat(browser.findElement(By.cssSelector(".spend")).getText()).contains("Today", "This month");
        screenshot("costs");

        // another account's message is not found, as if it did not exist
        String globex = client.token("globex-app", "globex-secret", null);
        client.post("/v1/consents/opt-ins", globex, """
                {"brandId": "globex-brand", "subscriber": "+15557661202", "campaignId": "globex-otp", "kind": "EXPRESS",
                 "evidence": {"channel": "API", "disclosureShown": "Codes by text. Reply STOP to cancel.",
                              "consentGiven": "sign-up"}}""");
        String theirs = client.sendMessage(globex, GLOBEX_SENDER, "+15557661202", "Your code is 1").json().get("id")
                .asString();
        browser.get(console("/console/messages/" + theirs));
        wait.until(ExpectedConditions.titleContains("Not found"));

        // a bad filter is said in words, not a stack trace
        browser.get(console("/console/messages?to=555"));
        assertThat(browser.findElement(By.cssSelector(".problems")).getText()).contains("not a phone number");

        clickAndAwaitNextPage(browser.findElement(By.cssSelector("header form button")));
        wait.until(ExpectedConditions.titleContains("Signed out"));
        browser.get(console("/console/messages"));
        wait.until(ExpectedConditions.titleContains("Sign in")); // the session ended at the provider too
    }

    @Test
    void aCsvBulkSendIsPreviewedWithItsBlockedRowAndSentOnceEvenWhenConfirmedTwice() throws Exception {
        String first = "+15557661301";
        String second = "+15557661302";
        String noConsent = "+15557661303";
        consentToAcmeCodes(first);
        consentToAcmeCodes(second);
        Path csv = Files.createTempFile(scratch, "bulk", ".csv");
        Files.writeString(csv, "to,name\r\n" + first + ",Ann\r\n" + second + ",\"Bob, Jr.\"\r\n" + noConsent
                + ",Cy\r\n555,Dee\r\n");

        browser.get(console("/console/bulk"));
        signIn("acme-user", "acme-user-password");
        wait.until(ExpectedConditions.titleContains("Bulk send"));
        browser.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
        browser.findElement(By.id("from")).sendKeys(ACME_SENDER);
        browser.findElement(By.id("template")).sendKeys("Hi {name}, your code is 42");
        browser.findElement(By.cssSelector("form button[type=submit]:not(header button)")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.summary")));
        String summary = browser.findElement(By.cssSelector("table.summary")).getText();
        assertThat(summary).contains("will send 2", "blocked by consent.missing 1", "invalid 1");
        String rows = browser.findElement(By.cssSelector("table.rows")).getText();
        assertThat(rows).contains(noConsent, "consent.missing").contains("555", "invalid");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Expected cost of the rows that pass");
        screenshot("bulk-preview");

        // the same preview open twice: both buttons pressed, the rows are sent once
        String preview = browser.getCurrentUrl();
        String firstTab = browser.getWindowHandle();
        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        browser.get(preview);
        String secondTab = browser.getWindowHandle();
        browser.switchTo().window(firstTab);
        browser.findElement(By.cssSelector("main form.confirm button")).click();
        browser.switchTo().window(secondTab);
        browser.findElement(By.cssSelector("main form.confirm button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".progress-box"), "2 of 2 done"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".progress-box label"), "Sent"));
        screenshot("bulk-sent");

        String acme = acmeToken();
        for (String recipient : java.util.List.of(first, second)) {
            io.attest.gateway.infrastructure.support.Eventually.awaitTrue(BOUND, "one message to " + recipient,
                    () -> client.get("/v1/messages?to=" + recipient.replace("+", "%2B"), acme).json().get("messages")
                            .size() == 1);
        }
        Thread.sleep(500); // a second send, were there one, would be recorded by now
        assertThat(client.get("/v1/messages?to=" + first.replace("+", "%2B"), acme).json().get("messages")).hasSize(1);
        assertThat(client.get("/v1/messages?to=" + noConsent.replace("+", "%2B"), acme).json().get("messages")).isEmpty();

        var cookie = browser.manage().getCookieNamed("ATTEST_CONSOLE");
        HttpResponse<String> result = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(preview + "/rows.csv")).header("Cookie", "ATTEST_CONSOLE=" + cookie.getValue()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(result.statusCode()).isEqualTo(200);
        String[] lines = result.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("row,to,outcome,rule,reason,held_until,message_id,sent");
        assertThat(lines[1]).startsWith("1," + first + ",will send,").endsWith(",accepted");
        assertThat(lines[3]).startsWith("3," + noConsent + ",blocked,consent.missing,");
        assertThat(lines).hasSize(5);
    }

    @Test
    void anOfficerReadsASubscribersConsentAndRecordsAnOptOutByHand() throws IOException {
        String subscriber = "+15557661401";
        consentToAcmeCodes(subscriber);

        browser.get(console("/console/consent"));
        signIn("acme-officer", "acme-officer-password");
        wait.until(ExpectedConditions.titleContains("Consent"));
        browser.findElement(By.id("brand")).sendKeys("acme-brand");
        browser.findElement(By.id("subscriber")).sendKeys(subscriber);
        browser.findElement(By.cssSelector("form.search button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.consent-now")));
        assertThat(browser.findElement(By.cssSelector("table.consent-now")).getText()).contains("acme-otp", "EXPRESS", "no");
        assertThat(browser.findElement(By.cssSelector("ol.history")).getText())
                .contains("opt-in", "entered the number at sign-up", "We will text you login codes");

        browser.findElement(By.id("campaign")).sendKeys("acme-otp");
        browser.findElement(By.id("words")).sendKeys("please stop texting me");
        browser.findElement(By.cssSelector(".danger button")).click(); // not confirmed: nothing recorded
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".problems"), "confirm"));
        assertThat(client.sendMessage(acmeToken(), ACME_SENDER, subscriber, "Your code is 1").status()).isEqualTo(202);

        browser.findElement(By.id("campaign")).sendKeys("acme-otp");
        browser.findElement(By.id("words")).sendKeys("please stop texting me");
        browser.findElement(By.id("confirm")).click();
        browser.findElement(By.cssSelector(".danger button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("ol.history"), "opt-out"));
        assertThat(browser.findElement(By.cssSelector("ol.history")).getText())
                .contains("CAMPAIGN revocation by AGENT", "please stop texting me");
        assertThat(browser.findElement(By.cssSelector("table.consent-now")).getText()).contains("yes");
        screenshot("consent");

        Response after = client.sendMessage(acmeToken(), ACME_SENDER, subscriber, "Your code is 2");
        assertThat(after.status()).isEqualTo(422);
        assertThat(after.json().get("rule").asString()).isEqualTo("consent.opted-out");
    }

    @Test
    void anOfficerSeesTheChainHoldExportsABundleWatchesItsProgressAndTheDownloadVerifies() throws Exception {
        consentToAcmeCodes("+15557661501");
        browser.get(console("/console/audit"));
        signIn("acme-officer", "acme-officer-password");
        wait.until(ExpectedConditions.titleContains("Audit"));
        assertThat(browser.findElement(By.cssSelector("section.chain")).getText()).contains("The chain holds");
        screenshot("audit");

        browser.findElement(By.id("subscriber")).sendKeys("+15557661501");
        clickAndAwaitNextPage(browser.findElement(By.cssSelector("main form button")));
        wait.until(ExpectedConditions.titleContains("Audit export"));
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".progress-box label"), "done"));
        String sha = browser.findElement(By.cssSelector(".bundle-sha")).getText();
        assertThat(sha).hasSize(64);
        screenshot("audit-export");

        String href = browser.findElement(By.cssSelector("a.download")).getAttribute("href");
        var cookie = browser.manage().getCookieNamed("ATTEST_CONSOLE");
        Path bundle = Files.createTempFile(scratch, "audit", ".zip");
        HttpResponse<Path> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href))
                        .header("Cookie", "ATTEST_CONSOLE=" + cookie.getValue()).GET().build(),
                HttpResponse.BodyHandlers.ofFile(bundle));
        assertThat(download.statusCode()).isEqualTo(200);
        String digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(bundle)));
        assertThat(digest).isEqualTo(sha);
        String officer = client.token("acme-compliance", "acme-compliance-secret", null);
        String keyPem = client.get("/v1/audit/signing-key", officer).json().get("publicKeyPem").asString();
        var verified = io.attest.gateway.audit.export.BundleVerifier.verify(bundle,
                io.attest.gateway.audit.signing.AuditSigner.publicKeyFromPem(keyPem));
        assertThat(verified.valid()).as(verified.toString()).isTrue();

        // an account user has no audit pages
        clickAndAwaitNextPage(browser.findElement(By.cssSelector("header form button")));
        wait.until(ExpectedConditions.titleContains("Signed out"));
        browser.get(console("/console/audit"));
        signIn("acme-user", "acme-user-password");
        wait.until(ExpectedConditions.titleContains("Not allowed"));
    }

    @Test
    void anAccountUserSeesWebhookDeliveriesAndReplaysADeadLetter() throws Exception {
        String subscriber = "+15557661601";
        consentToAcmeCodes(subscriber);
        String acme = acmeToken();
        try (var receiver = new io.attest.gateway.infrastructure.support.WebhookReceiver()) {
            receiver.answer("/console-down", request -> 503);
            Response endpoint = client.post("/v1/webhook-endpoints", acme, """
                    {"url": "%s", "eventTypes": ["message.submitted"], "description": "console test"}"""
                    .formatted(receiver.url("/console-down")));
            assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
            try {
                String id = client.sendMessage(acme, ACME_SENDER, subscriber, "Your code is 5").json().get("id").asString();
                io.attest.gateway.infrastructure.support.Eventually.awaitTrue(BOUND, "a dead delivery", () ->
                        client.get("/v1/webhook-deliveries?status=dead&limit=500", acme).json().get("deliveries")
                                .valueStream().anyMatch(d -> id.equals(d.path("messageId").asString(null))));

                browser.get(console("/console/webhooks?status=dead"));
                signIn("acme-user", "acme-user-password");
                wait.until(ExpectedConditions.titleContains("Webhooks"));
                assertThat(browser.findElement(By.cssSelector("table.endpoints")).getText())
                        .contains(receiver.url("/console-down"), "message.submitted", "enabled");
                WebElement row = browser.findElements(By.cssSelector("table.deliveries tbody tr")).stream()
                        .filter(r -> r.getText().contains("HTTP 503") && r.getText().contains(id.substring(0, 10)))
                        .findFirst().orElseThrow();
                screenshot("webhooks");
                receiver.answer("/console-down", request -> 200);
                clickAndAwaitNextPage(row.findElement(By.cssSelector("button")));
                wait.until(ExpectedConditions.titleContains("Webhooks"));
                io.attest.gateway.infrastructure.support.Eventually.awaitTrue(BOUND, "the replay delivered", () ->
                        client.get("/v1/webhook-deliveries?status=delivered&limit=500", acme).json().get("deliveries")
                                .valueStream().anyMatch(d -> id.equals(d.path("messageId").asString(null))));
                assertThat(receiver.requests("/console-down")).hasSizeGreaterThanOrEqualTo(5);
            } finally {
                client.delete("/v1/webhook-endpoints/" + endpoint.json().get("id").asString(), acme);
            }
        }
    }

    /**
     * Clicks a link or a form's button and waits until the next page has loaded: a page that comes back with the same
     * title (a form that saves and shows itself again) would otherwise be read before it has been replaced. The page
     * being left is marked in its own window object, which a new page does not have; asking an element of the old page
     * whether it is stale is not enough, as Chrome can answer that with an error of its own while the page is swapped.
     */
    private void clickAndAwaitNextPage(WebElement element) {
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.__attestLeaving = true;");
        element.click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(org.openqa.selenium.WebDriverException.class).until(driver -> Boolean.TRUE.equals(
                ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                        "return window.__attestLeaving !== true && document.readyState === 'complete';")));
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.attest.gateway.infrastructure.adapter.in.smtp.EmailToSmsServer smtp;

    @Test
    void anAccountUserSetsUpEmailToSmsIssuesALoginSeenOnceAndTheLoginSendsAMail() throws Exception {
        String recipient = "+15557661401";
        consentToAcmeCodes(recipient);
        browser.get(console("/console/email"));
        signIn("acme-user", "acme-user-password");
        wait.until(ExpectedConditions.titleContains("Email to SMS"));
        if (!browser.findElement(By.id("enabled")).isSelected()) {
            browser.findElement(By.id("enabled")).click();
        }
        browser.findElement(By.id("numbers")).clear();
        browser.findElement(By.id("numbers")).sendKeys(ACME_SENDER);
        browser.findElement(By.id("senders")).clear();
        browser.findElement(By.id("senders")).sendKeys("console@acme.example\n@pager.acme.example");
        clickAndAwaitNextPage(browser.findElement(By.cssSelector("main form[action$='/settings'] button")));
        wait.until(ExpectedConditions.titleContains("Email to SMS"));
        assertThat(browser.findElement(By.id("senders")).getAttribute("value"))
                .contains("console@acme.example", "@pager.acme.example");
        assertThat(client.get("/v1/email-gateway", acmeToken()).json().get("numbers").get(0).asString())
                .isEqualTo(ACME_SENDER);

        browser.findElement(By.id("description")).sendKeys("console journey");
        browser.findElement(By.cssSelector("form.issue button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("issued-password")));
        String username = browser.findElement(By.id("issued-username")).getText();
        String password = browser.findElement(By.id("issued-password")).getText();
        screenshot("email");
        // shown once: the page read again has the login, never its password
        browser.get(console("/console/email"));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains(username).doesNotContain(password);

        try (var session = io.attest.gateway.infrastructure.support.SmtpTestClient.connect(smtp.port())) {
            assertThat(session.login(username, password).code()).isEqualTo(235);
            var reply = session.send("console@acme.example", recipient + "@sms.localhost",
                    "From: console@acme.example\r\nSubject: From the console\r\n\r\nYour code is 1401\r\n");
            assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
        }
        clickAndAwaitNextPage(browser.findElement(By.cssSelector("button[aria-label='Revoke " + username + "']")));
        wait.until(ExpectedConditions.titleContains("Email to SMS"));
        assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain(username);
        try (var session = io.attest.gateway.infrastructure.support.SmtpTestClient.connect(smtp.port())) {
            assertThat(session.login(username, password).code()).isEqualTo(535);
        }
    }

    @Test
    void theOperatorVetsABrandAfterAConfirmationAndTheAccountSeesIt() throws IOException {
        String acme = acmeToken();
        Response brand = client.post("/v1/brands", acme, """
                {"legalName": "Acme Console Test", "taxId": "12-3456789", "entityType": "PRIVATE_PROFIT",
                 "vertical": "TECHNOLOGY", "website": "https://acme.example", "contactEmail": "ops@acme.example"}""");
        assertThat(brand.status()).as(brand.body()).isEqualTo(201);
        String brandId = brand.json().get("id").asString();

        browser.get(console("/console/registry"));
        signIn("platform-operator", "operator-password");
        wait.until(ExpectedConditions.titleContains("Registry"));
        // the brands waiting for vetting, every account's, listed page by page until the new one shows
        browser.findElement(By.linkText("Brands")).click();
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("status"))).selectByValue("pending");
        browser.findElement(By.cssSelector("form.search:not([role]) button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.registry-list")));
        for (int page = 0; browser.findElements(By.linkText(brandId)).isEmpty() && page < 20; page++) {
            assertThat(browser.findElement(By.cssSelector("table.registry-list")).getText()).contains("pending")
                    .doesNotContain("verified");
            browser.findElement(By.linkText("Next page")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.registry-list")));
        }
        WebElement listed = browser.findElement(By.linkText(brandId)).findElement(By.xpath("./ancestor::tr"));
        assertThat(listed.getText()).contains("acme", "Acme Console Test", "pending");
        screenshot("registry-list");
        browser.findElement(By.linkText(brandId)).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("dl.item")));
        assertThat(browser.findElement(By.cssSelector("dl.item")).getText()).contains("pending", "acme");

        browser.findElement(By.id("identityVerified")).click();
        browser.findElement(By.id("trustScore")).sendKeys("75");
        browser.findElement(By.id("vetReason")).sendKeys("vetted by the registry");
        clickAndAwaitNextPage(browser.findElement(By.cssSelector(".decisions form button")));
        wait.until(ExpectedConditions.titleContains("Confirm"));
        assertThat(browser.findElement(By.cssSelector(".confirm-text")).getText()).contains("vet", brandId, "75");
        screenshot("registry-confirm");
        // not confirmed yet: nothing recorded
        assertThat(client.get("/v1/brands/" + brandId, acme).json().get("status").asString()).isEqualTo("pending");
        clickAndAwaitNextPage(browser.findElement(By.cssSelector("main form button")));
        wait.until(ExpectedConditions.titleContains("Registry"));
        assertThat(browser.findElement(By.cssSelector("dl.item")).getText()).contains("verified", "trust score 75");
        screenshot("registry");
        assertThat(client.get("/v1/brands/" + brandId, acme).json().get("status").asString()).isEqualTo("verified");

        // an account user sees its own registry, without the operator's decisions, and not another account's
        clickAndAwaitNextPage(browser.findElement(By.cssSelector("header form button")));
        wait.until(ExpectedConditions.titleContains("Signed out"));
        browser.get(console("/console/registry?kind=brand&id=" + brandId));
        signIn("acme-user", "acme-user-password");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("dl.item")));
        assertThat(browser.findElements(By.cssSelector(".decisions"))).isEmpty();
        browser.get(console("/console/registry?kind=brand"));
        assertThat(browser.findElement(By.cssSelector("table.registry-list")).getText())
                .contains("acme-brand").doesNotContain("globex-brand");
        browser.get(console("/console/registry?kind=brand&id=globex-brand"));
        assertThat(browser.findElement(By.cssSelector(".problems")).getText()).isNotBlank();
        assertThat(browser.findElements(By.cssSelector("dl.item"))).isEmpty();
    }

    @Test
    void aWrongPasswordIsRefusedAndRolesDecideThePages() {
        browser.get(console("/console"));
        signIn("acme-user", "not-the-password");
        wait.until(ExpectedConditions.titleContains("Sign in"));
        assertThat(browser.findElement(By.cssSelector(".problems")).getText()).contains("do not match");

        browser.findElement(By.id("username")).clear();
        signIn("platform-operator", "operator-password");
        wait.until(ExpectedConditions.titleContains("Home"));
        assertThat(browser.findElements(By.linkText("Messages"))).isEmpty();
        browser.get(console("/console/messages"));
        wait.until(ExpectedConditions.titleContains("Not allowed"));
    }

    @Test
    void pagesCarryAStrictContentSecurityPolicyAndFormsNeedTheirCsrfToken() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> signInPage = http.send(HttpRequest.newBuilder(URI.create(console("/issuer/sign-in")))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signInPage.statusCode()).isEqualTo(200);
        assertThat(signInPage.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'");
        assertThat(signInPage.body()).contains("name=\"_csrf\"");

        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create(console("/issuer/sign-in")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=acme-user&password=acme-user-password")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(403);

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(console("/console/messages")))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location").orElseThrow()).contains("/oauth2/authorization/");
        // the API stays stateless: no session for a bearer call
        Response api = client.get("/v1/messages?limit=1", acmeToken());
        assertThat(api.status()).isEqualTo(200);
    }
}
