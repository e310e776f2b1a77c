package com.fortinet.autoscale.functions;

import static com.fortinet.autoscale.support.Fixtures.byol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fortinet.autoscale.adapter.memory.StaticScaleSets;
import com.fortinet.autoscale.app.App;
import com.fortinet.autoscale.app.AppSettings;
import com.fortinet.autoscale.domain.StoreUnavailableException;
import com.fortinet.autoscale.domain.cluster.Member;
import com.fortinet.autoscale.domain.cluster.ScaleSets;
import com.fortinet.autoscale.domain.cluster.VmId;
import com.fortinet.autoscale.domain.licensing.LicenseStock;
import com.fortinet.autoscale.support.HttpMocks;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.WarmupTrigger;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The warm-up trigger: every client started once, one log line, never a failed instance. */
class WarmupFunctionTest {
    /** Scale sets that count their membership reads. */
    private static final class CountingScaleSets implements ScaleSets {
        final StaticScaleSets real = new StaticScaleSets(List.of(byol(1), byol(2)));
        final AtomicInteger membersReads = new AtomicInteger();

        @Override
        public Optional<Member> find(VmId vmId) {
            return real.find(vmId);
        }

        @Override
        public List<Member> members() {
            membersReads.incrementAndGet();
            return real.members();
        }

        @Override
        public void terminate(Member member) {
            real.terminate(member);
        }
    }

    @Test
    void theFunctionIsTheHostsWarmupTrigger() throws Exception {
        Method run = WarmupFunction.class.getMethod("run", Object.class,
                com.microsoft.azure.functions.ExecutionContext.class);

        assertEquals("warmup", run.getAnnotation(FunctionName.class).value(), "the host calls the function named warmup");
        assertTrue(run.getParameters()[0].isAnnotationPresent(WarmupTrigger.class));
        assertTrue(Functions.ALL.contains(WarmupFunction.class));
    }

    @Test
    void aWarmupReadsEveryPortOnceAndSaysWhatItDidInOneLine() {
        // Setup
        CountingScaleSets scaleSets = new CountingScaleSets();
        App app = App.builder(AppSettings.of(Map.of())).scaleSets(scaleSets).build();
        HttpMocks.Context log = new HttpMocks.Context();

        // Invoke: the process start and then the host's warm-up call
        app.startInBackground();
        new WarmupFunction(app).run(new Object(), log.context);
        app.startInBackground();

        // Verify: one start (the membership read once), one line naming every step with its time
        assertEquals(1, scaleSets.membersReads.get(), "one start, not a second");
        assertEquals(1, log.lines.size(), log.log());
        String line = log.lines.get(0).getMessage();
        assertTrue(line.startsWith("cid=" + log.invocationId + " fn=warmup warm-up done ms="), line);
        for (String step : List.of("settings=", "election=", "health=", "licenseUsage=", "events=", "scaleSets=",
                "licenseStock=", "configSets=")) {
            assertTrue(line.contains(" " + step), step + " in " + line);
        }
    }

    @Test
    void aStepThatFailsIsNamedAndTheInstanceStillStarts() {
        // Setup: the asset store is down
        LicenseStock down = new LicenseStock() {
            @Override
            public List<Entry> list() {
                throw new StoreUnavailableException("asset storage unreachable", null, null);
            }

            @Override
            public Optional<File> download(String name) {
                throw new StoreUnavailableException("asset storage unreachable", null, null);
            }
        };
        App app = App.builder(AppSettings.of(Map.of())).licenseStock(down).build();
        HttpMocks.Context log = new HttpMocks.Context();

        // Invoke
        new WarmupFunction(app).run(new Object(), log.context);

        // Verify: said in the one line, no exception, the other steps done
        String line = log.lines.get(0).getMessage();
        assertTrue(line.contains("warm-up partly failed"), line);
        assertTrue(line.contains("licenseStock=failed(StoreUnavailableException: asset storage unreachable)"), line);
        assertTrue(line.contains(" settings=") && !line.contains("settings=failed"), line);
        assertFalse(line.contains("\n"), "one line");
    }
}
