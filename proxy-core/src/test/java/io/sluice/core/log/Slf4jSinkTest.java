package io.sluice.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

class Slf4jSinkTest {
    @Test
    @Timeout(20)
    void logThreadHandsLinesToLogbackWithMappedLevels() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("sluice.test.slf4j");
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
        ListAppender<ILoggingEvent> appender = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent e) {
                e.getThreadName(); // logback resolves the thread name lazily: pin it on the appending thread
                super.append(e);
            }
        };
        appender.start();
        logger.addAppender(appender);

        LogRing ring = new LogRing(8);
        LogThread lt = new LogThread(ring, "sluice", 1, null, ZoneOffset.UTC);
        lt.addTarget(LogTarget.parse(List.of("stdout", "format", "raw", "local0")),
                LogSink.slf4j("sluice.test.slf4j"));
        lt.start();
        Log log = new Log(ring);
        log.log(LogLevel.ERR, "backend {} has no server available!", "be_app");
        log.log(LogLevel.WARNING, "Server {} is DOWN", "be_app/s1");
        log.log(LogLevel.NOTICE, "Proxy {} started.", "fe");
        log.log(LogLevel.DEBUG, "loop {}", 7);
        LogThreadTest.await(() -> appender.list.size() == 4, 10_000, "4 events in logback");
        assertThat(lt.stop(5_000)).isTrue();
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "backend be_app has no server available!", "Server be_app/s1 is DOWN", "Proxy fe started.", "loop 7");
        assertThat(appender.list).extracting(ILoggingEvent::getLevel)
                .containsExactly(Level.ERROR, Level.WARN, Level.INFO, Level.DEBUG);
        assertThat(appender.list).extracting(ILoggingEvent::getThreadName).containsOnly("log");
    }
}
