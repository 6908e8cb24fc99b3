"""Supervision in `make run` (launcher/supervisor.py): a service that dies is restarted with back-off while the others
keep serving; one that keeps dying is reported. Small stand-in services here; tests/e2e/test_supervision.py kills
the real knowledge service under load."""

import sys
import time
import urllib.request

from knowledge.settings import Settings
from launcher.processes import Service, free_ports, wait_healthy
from launcher.stack import Stack
from launcher.supervisor import Supervisor


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def stack_of(tmp_path, *services: Service) -> Stack:
    stack = Stack(Settings(data_dir=tmp_path), log_dir=tmp_path / "logs")
    stack.services = list(services)
    return stack


def steady(port: int) -> Service:
    return Service("steady", [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                   f"http://127.0.0.1:{port}/")


def crashy() -> Service:
    return Service("crashy", [sys.executable, "-c", "import sys; print('cannot start'); sys.exit(3)"], "")


def settle(stack: Stack) -> None:
    for service in stack.services:
        if service.name == "crashy":
            service.process.wait(10)


def test_a_service_that_keeps_dying_is_restarted_with_back_off_then_reported_while_the_others_serve(tmp_path):
    [port] = free_ports(1)
    stack, clock, said = stack_of(tmp_path, steady(port), crashy()), Clock(), []
    supervisor = Supervisor(stack, backoff_s=1, max_backoff_s=8, keeps_dying=5, window_s=300, clock=clock,
                            report=said.append)
    for service in stack.services:
        stack._spawn(service)
    wait_healthy("steady", stack.services[0].health_url, stack.services[0].process, time.monotonic() + 30)
    steady_pid = stack.services[0].process.pid
    delays = []
    for _ in range(6):
        settle(stack)
        supervisor.check()  # notices the death, schedules the restart
        due = supervisor.restarts["crashy"].due
        delays.append(due - clock.now)
        clock.now = due - 0.01
        supervisor.check()
        assert supervisor.restarts["crashy"].due == due  # not before its time
        clock.now = due
        supervisor.check()  # restarted
    settle(stack)
    try:
        assert delays == [1, 2, 4, 8, 8, 8]
        keeps_dying = [line for line in said if line.startswith("error: crashy keeps dying")]
        assert len(keeps_dying) == 1  # said once, not every time
        assert "5 times in the last 300 s, last exit code 3" in keeps_dying[0]
        assert str(tmp_path / "logs" / "crashy.log") in keeps_dying[0]
        assert (tmp_path / "logs" / "crashy.log").read_text().count("cannot start") == 7
        assert stack.services[0].process.pid == steady_pid and stack.services[0].process.poll() is None
        with urllib.request.urlopen(stack.services[0].health_url, timeout=5) as response:
            assert response.status == 200
        assert "steady" not in supervisor.restarts or supervisor.restarts["steady"].deaths == []
    finally:
        stack.stop()


def test_deaths_long_ago_are_forgotten(tmp_path):
    stack, clock = stack_of(tmp_path, crashy()), Clock()
    supervisor = Supervisor(stack, backoff_s=1, max_backoff_s=60, window_s=100, clock=clock, report=lambda line: None)
    stack._spawn(stack.services[0])
    try:
        for _ in range(3):
            settle(stack)
            supervisor.check()
            clock.now = supervisor.restarts["crashy"].due
            supervisor.check()
        clock.now += 200  # a quiet spell: the next death waits one back-off step again
        settle(stack)
        supervisor.check()
        assert supervisor.restarts["crashy"].due - clock.now == 1
    finally:
        stack.stop()
