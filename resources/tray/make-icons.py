# Run from the repository root: python3 resources/tray/make-icons.py
# Draws the tray icons (idle / working / attention) as small RGBA PNGs, at 1x and @2x.
import struct, zlib, math
def png(path, size, pixel):
    raw = b''
    for y in range(size):
        raw += b'\x00' + b''.join(bytes(pixel(x, y, size)) for x in range(size))
    def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    data = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
    open(path, 'wb').write(data)
def icon(state):
    def px(x, y, n):
        cx = cy = (n - 1) / 2; r = n * 0.42; d = math.hypot(x - cx, y - cy)
        a = max(0.0, min(1.0, r - d + 0.5))
        base = (40, 44, 52)
        if state == 'scanning':
            ring = abs(d - r * 0.55) < n * 0.09
            col = (66, 133, 244) if ring else base
        elif state == 'attention':
            dx, dy = x - n * 0.74, y - n * 0.26
            dot = math.hypot(dx, dy) < n * 0.22
            col = (234, 88, 12) if dot else base
            if dot: a = 1.0
        else:
            col = base
        return (*col, int(255 * a))
    return px
for state in ('idle', 'scanning', 'attention'):
    png(f'resources/tray/{state}.png', 16, icon(state))
    png(f'resources/tray/{state}@2x.png', 32, icon(state))
