ARG BASE=ghcr.io/acme/python-base:1.4.0

FROM ${BASE} AS deps
COPY requirements.txt .
RUN pip install --prefix=/install -r requirements.txt

FROM deps AS test
COPY . .
RUN python -m pytest

FROM ${BASE}
COPY --from=deps /install /usr/local
COPY src/ /app/
CMD ["python", "-m", "data_api"]
