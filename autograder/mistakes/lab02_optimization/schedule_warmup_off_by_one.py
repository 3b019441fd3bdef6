# Mistake: the warm-up counts steps from 1 (peak_lr * (t + 1) / warmup_steps)
# Replaces: warmup_cosine_schedule
# Loses: test_warmup_cosine_schedule
@keras.saving.register_keras_serializable(package="lab02")
class WarmupCosineSchedule(keras.optimizers.schedules.LearningRateSchedule):
    def __init__(self, peak_lr, warmup_steps, total_steps, final_lr=0.0):
        self.peak_lr = peak_lr
        self.warmup_steps = warmup_steps
        self.total_steps = total_steps
        self.final_lr = final_lr

    def __call__(self, step):
        t = keras.ops.cast(step, "float32")
        warmup = self.peak_lr * (t + 1) / max(self.warmup_steps, 1)
        progress = keras.ops.clip((t - self.warmup_steps) / (self.total_steps - self.warmup_steps), 0.0, 1.0)
        cosine = self.final_lr + (self.peak_lr - self.final_lr) * (1 + keras.ops.cos(math.pi * progress)) / 2
        return keras.ops.where(t < self.warmup_steps, warmup, cosine)

    def get_config(self):
        return {"peak_lr": self.peak_lr, "warmup_steps": self.warmup_steps,
                "total_steps": self.total_steps, "final_lr": self.final_lr}
