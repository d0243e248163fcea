"""Read /metrics the way Prometheus does, for tests.

Under `make test-backend` the metrics are in multiprocess mode (scripts/stack.py sets
PROMETHEUS_MULTIPROC_DIR), so counts from the test process, the Celery worker and any
gunicorn the tests start are summed, and they add up over the whole session: compare a
scrape after with one before.
"""

from prometheus_client.parser import text_string_to_metric_families

TOKEN = "metrics-token-for-the-tests-0123456789"


class Scrape:
    """One scrape's samples: `value(name, **labels)` is the sample with exactly those
    labels (0 when absent); `total(name, **labels)` adds up every sample that has them."""

    def __init__(self, text: str) -> None:
        self.samples: list[tuple[str, dict[str, str], float]] = [
            (sample.name, sample.labels, sample.value)
            for family in text_string_to_metric_families(text)
            for sample in family.samples
        ]

    def value(self, name: str, **labels: str) -> float:
        for sample_name, sample_labels, value in self.samples:
            if sample_name == name and sample_labels == labels:
                return value
        return 0.0

    def has(self, name: str, **labels: str) -> bool:
        return any(
            sample_name == name and sample_labels == labels
            for sample_name, sample_labels, _ in self.samples
        )

    def total(self, name: str, **labels: str) -> float:
        return sum(
            value
            for sample_name, sample_labels, value in self.samples
            if sample_name == name and labels.items() <= sample_labels.items()
        )

    def names(self) -> set[str]:
        return {name for name, _, _ in self.samples}

    def label_values(self, name: str, label: str) -> set[str]:
        return {labels[label] for sample_name, labels, _ in self.samples if sample_name == name}


def scrape(client, settings) -> Scrape:
    """GET /metrics through `client` (Django's test client), with the token set for it."""
    settings.METRICS_TOKEN = TOKEN
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.content
    return Scrape(response.content.decode())
