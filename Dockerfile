# The image compose.yaml runs: the web nodes (gunicorn) and the job worker. Settings come from the environment.
FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Compiled catalogs go into the image (instance/locale); the development key made for that step does not.
RUN ENCORE_CONFIG=development DATABASE_URL=sqlite:// flask --app app i18n compile && rm -f instance/secret_key
