"""baithak's processing: clean → language → extract → store, as plain functions.

The Scrapy item pipelines that call them are in `pipelines.stages`; this package
imports nothing, so `import pipelines.extract` loads no Scrapy, psycopg or trafilatura.
"""
