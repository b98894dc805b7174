"""The Containerfile and the Kubernetes manifests, checked by tools (issue 17, item 5).

hadolint lints the Containerfile; kustomize (built into kubectl) renders the manifests, and
kubernetes-validate checks every rendered object against the Kubernetes API's JSON schemas, strict
(an unknown field is an error). What the schemas cannot say (one beat, probes, non-root, no
setting that .env.example does not know) is asserted on the rendered objects.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
KUBERNETES = "1.33.0"  # the oldest minor version still supported upstream when this was written
OVERLAYS = ["deploy/k8s/base", "deploy/k8s/overlays/production"]
PROBES = {"livenessProbe": "/healthz/live", "readinessProbe": "/healthz/ready"}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own tools, fixed arguments
        list(args), cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def test_hadolint_finds_nothing_in_the_containerfile():
    done = _run(str(BIN / "hadolint"), "--failure-threshold", "style", "Containerfile")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == ""


def test_the_final_image_is_slim_unprivileged_and_serves_with_gunicorn():
    text = (ROOT / "Containerfile").read_text()
    final = text.split("\nFROM ")[-1]
    assert final.startswith("python:3.13-slim")
    assert "apt-get" not in final and "npm" not in final.replace("no npm", "")
    assert re.search(r"^USER 10001", final, re.MULTILINE)
    assert re.search(r'^CMD \["gunicorn"', final, re.MULTILINE)
    # The build stage's steps are those .ci/run proves: the lock, `make assets`, collectstatic.
    assert "-c requirements.lock" in text and "make assets" in text
    assert "manage.py collectstatic --noinput" in text


def test_the_containerfiles_collectstatic_step_runs():
    """The build stage's collectstatic, as written there: production settings, a placeholder
    secret key and database (nothing connects), into var/static."""
    text = (ROOT / "Containerfile").read_text().replace("\\\n", " ")
    step = re.search(r"^RUN (DJANGO_DEBUG=0 .*?collectstatic --noinput)", text, re.MULTILINE)
    assert step, "no collectstatic step in the Containerfile"
    words = step.group(1).split()
    variables = dict(word.split("=", 1) for word in words if re.match(r"^[A-Z_]+=", word))
    command = [word for word in words if not re.match(r"^[A-Z_]+=", word)]
    assert command[0] == "/opt/venv/bin/python"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    done = subprocess.run(  # noqa: S603 - the Containerfile's own command
        [sys.executable, *command[1:]],
        cwd=ROOT,
        env={**env, **variables},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (ROOT / "var" / "static" / "vendor" / "htmx" / "htmx.min.js").exists()
    assert (ROOT / "var" / "static" / "admin").is_dir()


def _pinned() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        name, _, version = line.partition("==")
        pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def _requirements_of(requirement: Requirement, seen: set[str]) -> None:
    name = re.sub(r"[-_.]+", "-", requirement.name).lower()
    key = f"{name}[{','.join(sorted(requirement.extras))}]"
    if key in seen:
        return
    seen.add(key)
    try:
        requires = distribution(name).requires or []
    except PackageNotFoundError:
        return  # left for the assertion: not installed means not pinned either
    for line in requires:
        nested = Requirement(line)
        env = [{"extra": extra} for extra in requirement.extras] or [{"extra": ""}]
        if nested.marker is None or any(nested.marker.evaluate(e) for e in env):
            _requirements_of(nested, seen)


def test_the_lock_pins_everything_the_runtime_dependencies_pull_in():
    """The image installs pyproject's runtime dependencies constrained by the lock: each package
    they reach must be pinned there, or the image would take whatever the index serves."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    seen: set[str] = set()
    for line in project["dependencies"]:
        _requirements_of(Requirement(line), seen)
    names = {key.partition("[")[0] for key in seen}
    assert names - set(_pinned()) == set()


def _render(path: str) -> list[dict]:
    kubectl = shutil.which("kubectl")
    assert kubectl, "kubectl (with its built-in kustomize) is part of the machine's image"
    done = _run(kubectl, "kustomize", path)
    assert done.returncode == 0, done.stderr
    return [doc for doc in yaml.safe_load_all(done.stdout) if doc]


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request) -> list[dict]:
    return _render(request.param)


def test_every_object_is_valid_against_the_kubernetes_schemas(rendered):
    for resource in rendered:
        kubernetes_validate.validate(resource, KUBERNETES, strict=True)


def test_the_validator_rejects_an_unknown_field(rendered):
    deployment = next(r for r in rendered if r["kind"] == "Deployment")
    broken = {**deployment, "spec": {**deployment["spec"], "replica": 2}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES, strict=True)


def _by_kind(rendered: list[dict], kind: str) -> dict[str, dict]:
    return {r["metadata"]["name"]: r for r in rendered if r["kind"] == kind}


def _pod_specs(rendered: list[dict]) -> dict[str, dict]:
    workloads = {**_by_kind(rendered, "Deployment"), **_by_kind(rendered, "Job")}
    return {name: w["spec"]["template"]["spec"] for name, w in workloads.items()}


def test_web_worker_one_beat_and_the_migrations_job(rendered):
    deployments = _by_kind(rendered, "Deployment")
    assert set(deployments) == {"kantorentop-web", "kantorentop-worker", "kantorentop-beat"}
    beat = deployments["kantorentop-beat"]["spec"]
    assert beat["replicas"] == 1 and beat["strategy"] == {"type": "Recreate"}
    (job,) = _by_kind(rendered, "Job").values()
    assert job["spec"]["template"]["spec"]["containers"][0]["command"][-2:] == [
        "migrate",
        "--noinput",
    ]
    assert set(_by_kind(rendered, "PodDisruptionBudget")) == {
        "kantorentop-web",
        "kantorentop-worker",
    }
    assert "kantorentop-web" in _by_kind(rendered, "Service")


def test_web_probes_use_the_health_endpoints(rendered):
    (web,) = _pod_specs(rendered)["kantorentop-web"]["containers"]
    for probe, path in {**PROBES, "startupProbe": "/healthz/live"}.items():
        assert web[probe]["httpGet"]["path"] == path
        assert {"name": "Host", "value": "localhost"} in web[probe]["httpGet"]["httpHeaders"]


def test_every_pod_runs_unprivileged_with_resources_and_the_shared_settings(rendered):
    for name, spec in _pod_specs(rendered).items():
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["automountServiceAccountToken"] is False, name
        for container in spec["containers"]:
            context = container["securityContext"]
            assert context["allowPrivilegeEscalation"] is False, name
            assert context["readOnlyRootFilesystem"] is True, name
            assert context["capabilities"]["drop"] == ["ALL"], name
            assert container["resources"]["requests"] and container["resources"]["limits"], name
            sources = container["envFrom"]
            assert sources[0]["configMapRef"]["name"].startswith("kantorentop-config"), name
            assert sources[1]["secretRef"]["name"] == "kantorentop-secrets", name


def test_every_setting_in_the_config_map_is_a_known_variable(rendered):
    known = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    for config_map in _by_kind(rendered, "ConfigMap").values():
        assert set(config_map["data"]) - known == set()
        # The host name the probes send is allowed.
        assert "localhost" in config_map["data"]["DJANGO_ALLOWED_HOSTS"].split(",")


def test_worker_and_beat_are_alive_by_their_heartbeat_files(rendered):
    """The worker and beat probes run the heartbeat check (tests/core/test_heartbeat.py shows it
    fails once the process stops), not a broker round trip that a busy worker may miss."""
    pods = _pod_specs(rendered)
    for name, kind in (("kantorentop-worker", "worker"), ("kantorentop-beat", "beat")):
        (container,) = pods[name]["containers"]
        command = container["livenessProbe"]["exec"]["command"]
        assert command[:4] == ["python", "-m", "kantorentop.core.heartbeat", kind]
