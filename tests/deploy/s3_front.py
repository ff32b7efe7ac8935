"""A bare TCP relay in front of moto's S3 server: `python -m tests.deploy.s3_front LISTEN TARGET`.

moto keeps its buckets in memory, so stopping moto itself would also lose every object. The
two-server test points MEDIA_STORAGE_URL at this relay instead and kills the relay to take
"the S3 server" away: the app servers get connection refused, exactly as when a store is down,
and the objects are still there when the relay comes back.
"""

import asyncio
import sys


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def main(listen_port, target_port):
    async def handle(client_reader, client_writer):
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1",
                                                                             target_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, upstream_writer),
                             pipe(upstream_reader, client_writer), return_exceptions=True)

    server = await asyncio.start_server(handle, "127.0.0.1", listen_port, reuse_address=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
