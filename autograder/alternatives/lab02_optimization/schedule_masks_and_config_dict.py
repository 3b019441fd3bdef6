# Alternative: keeps the settings in one dict, blends the two phases with 0/1 masks and uses cos^2
# Replaces: warmup_cosine_schedule
@keras.saving.register_keras_serializable(package="my_lab")
class WarmupCosineSchedule(keras.optimizers.schedules.LearningRateSchedule):
    def __init__(self, peak_lr, warmup_steps, total_steps, final_lr=0.0):
        self.settings = dict(peak_lr=peak_lr, warmup_steps=warmup_steps,
                             total_steps=total_steps, final_lr=final_lr)

    def __call__(self, step):
        s = self.settings
        t = keras.ops.convert_to_tensor(step)
        t = keras.ops.cast(t, "float32")
        in_warmup = keras.ops.cast(keras.ops.less(t, s["warmup_steps"]), "float32")
        ramp = s["peak_lr"] * t / max(1, s["warmup_steps"])
        done = keras.ops.minimum(keras.ops.maximum(t - s["warmup_steps"], 0.0),
                                 s["total_steps"] - s["warmup_steps"])
        half_angle = 0.5 * math.pi * done / (s["total_steps"] - s["warmup_steps"])
        decay = s["final_lr"] + (s["peak_lr"] - s["final_lr"]) * keras.ops.square(keras.ops.cos(half_angle))
        return in_warmup * ramp + (1.0 - in_warmup) * decay

    def get_config(self):
        return dict(self.settings)
