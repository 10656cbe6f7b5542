-- Runs once, when the postgres container initialises an empty data volume (docker-entrypoint-initdb.d), as the
-- superuser POSTGRES_USER (bvrai). POSTGRES_DB is "postgres" in docker-compose.yml so that the entrypoint
-- creates neither database itself.
--
--   bvrai     read models, lookup tables, token store, sagas of command-side, query-side and voice-saga
--             (each with its own Flyway history table); the event store too when Axon Server is not used
--   keycloak  Keycloak's own schema
CREATE DATABASE bvrai OWNER bvrai;
CREATE DATABASE keycloak OWNER bvrai;
