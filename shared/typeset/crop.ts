import { MAX_CROP_ZOOM, type PhotoCrop } from '../domain/layout';

/**
 * A photo's crop drawn in its frame: where the whole picture goes, relative to the frame's top
 * left, so that the frame (clipping it) shows the cropped part. The layout desk and the export
 * both draw this one rectangle, and the desk's pan and zoom are computed on it, so what the
 * desk shows is what prints.
 */

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

type Size = Pick<Rect, 'width' | 'height'>;

const clamp = (n: number, low: number, high: number) => Math.min(high, Math.max(low, n));

/** Fractions kept to five places: a hundred-thousandth of a picture is below a pixel of any photo the desk takes. */
const round = (n: number) => Math.round(n * 100000) / 100000;

/**
 * The picture's rectangle for a frame `frame` ems in size: covering it at zoom 1 (as CSS's
 * object-fit: cover did before crops), scaled by the zoom, the crop's point at the frame's centre
 * unless that would bare an edge of the frame. Without the picture's size (a photo known by its
 * caption only) the frame's own proportions stand in.
 */
export function pictureBox(
  frame: Size,
  natural: { width: number | null; height: number | null } | undefined,
  crop: PhotoCrop | undefined,
): Rect {
  const aspect = natural?.width && natural.height ? natural.width / natural.height : frame.width / frame.height;
  const zoom = crop?.zoom ?? 1;
  const cover =
    aspect > frame.width / frame.height
      ? { width: frame.height * aspect, height: frame.height }
      : { width: frame.width, height: frame.width / aspect };
  const width = cover.width * zoom;
  const height = cover.height * zoom;
  return {
    x: clamp(frame.width / 2 - (crop?.x ?? 0.5) * width, frame.width - width, 0),
    y: clamp(frame.height / 2 - (crop?.y ?? 0.5) * height, frame.height - height, 0),
    width,
    height,
  };
}

/**
 * A crop as stored: fractions rounded, and none at all when it crops nothing more than the
 * frame's cover does, so an uncropped frame is stored exactly as before crops existed.
 */
function stored(crop: PhotoCrop): PhotoCrop | undefined {
  const next = { zoom: round(clamp(crop.zoom, 1, MAX_CROP_ZOOM)), x: round(clamp(crop.x, 0, 1)), y: round(clamp(crop.y, 0, 1)) };
  return next.zoom === 1 && next.x === 0.5 && next.y === 0.5 ? undefined : next;
}

/** The crop that draws `picture` in `frame`: the picture's point at the frame's centre. */
function cropOf(frame: Size, picture: Rect, zoom: number): PhotoCrop | undefined {
  return stored({ zoom, x: (frame.width / 2 - picture.x) / picture.width, y: (frame.height / 2 - picture.y) / picture.height });
}

/**
 * The picture moved (dx, dy) ems, as a pointer dragging it moves it, held so that it still covers
 * the frame: the preview draws this while the drag goes on, and the crop kept is read off it.
 */
export function pannedPicture(frame: Size, picture: Rect, dx: number, dy: number): Rect {
  return {
    ...picture,
    x: clamp(picture.x + dx, frame.width - picture.width, 0),
    y: clamp(picture.y + dy, frame.height - picture.height, 0),
  };
}

/** The crop after the picture drawn at `picture` is dragged (dx, dy) ems. */
export function pannedCrop(frame: Size, picture: Rect, zoom: number, dx: number, dy: number): PhotoCrop | undefined {
  return cropOf(frame, pannedPicture(frame, picture, dx, dy), zoom);
}

/**
 * The crop at another zoom, about the point now at the frame's centre: zooming in and out again
 * comes back to the same crop unless the picture had to move to keep covering the frame.
 */
export function zoomedCrop(frame: Size, picture: Rect, zoom: number, nextZoom: number): PhotoCrop | undefined {
  const z = clamp(nextZoom, 1, MAX_CROP_ZOOM);
  const x = (frame.width / 2 - picture.x) / picture.width;
  const y = (frame.height / 2 - picture.y) / picture.height;
  const width = (picture.width / zoom) * z;
  const height = (picture.height / zoom) * z;
  const next: Rect = {
    x: clamp(frame.width / 2 - x * width, frame.width - width, 0),
    y: clamp(frame.height / 2 - y * height, frame.height - height, 0),
    width,
    height,
  };
  return cropOf(frame, next, z);
}
